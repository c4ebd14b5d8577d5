package org.scoria.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scoria.volume.api.PolicyNotAuthorizedException;
import org.scoria.volume.api.RequestContext;

public class RulePolicyTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private RulePolicy defaults() {
        return new RulePolicy(folder.getRoot().toPath().resolve("absent.yaml"));
    }

    @Test
    public void readersReadMembersWriteAdminsAdminister() {
        RulePolicy policy = defaults();
        RequestContext reader = policy.context("r", "p", Set.of("reader"), null, null);
        RequestContext member = policy.context("m", "p", Set.of("member", "reader"), null, null);
        RequestContext admin = policy.context("a", "p", Set.of("admin", "member", "reader"), null, null);

        assertTrue(policy.allows("volume:get_all", reader));
        assertFalse(policy.allows("volume:create", reader));
        assertTrue(policy.allows("volume:create", member));
        assertFalse(policy.allows("volume_extension:volume_admin_actions:reset_status", member));
        assertTrue(policy.allows("volume_extension:volume_admin_actions:reset_status", admin));
        assertFalse(reader.admin());
        assertTrue(admin.admin());
        // A rule Scoria does not name falls to "default": members and administrators.
        assertFalse(policy.allows("volume:something_new", reader));
        assertTrue(policy.allows("volume:something_new", member));
        PolicyNotAuthorizedException refused = assertThrows(PolicyNotAuthorizedException.class,
                () -> reader.authorize("volume:delete"));
        assertEquals("Policy doesn't allow volume:delete to be performed.", refused.getMessage());
    }

    @Test
    public void theLanguageHasOsloPolicysChecksAndOperators() {
        RulePolicy policy = defaults();
        RequestContext member = policy.context("u1", "p1", Set.of("member"), null, null);
        assertTrue(PolicyRule.parse("").test(member, java.util.Map.of(), new java.util.HashSet<>()));
        assertTrue(test("@", member));
        assertFalse(test("!", member));
        assertTrue(test("role:admin or (role:member and not role:reader)", member));
        assertFalse(test("not (role:member)", member));
        assertTrue(test("project_id:%(project_id)s and user_id:u1", member));
        assertFalse(test("project_id:other", member));
        assertTrue(test("is_admin:False", member));
        assertThrows(IllegalArgumentException.class, () -> PolicyRule.parse("role:admin or"));
        assertThrows(IllegalArgumentException.class, () -> PolicyRule.parse("(role:admin"));
        assertThrows(IllegalArgumentException.class, () -> PolicyRule.parse("group:admins"));
    }

    private static boolean test(String rule, RequestContext caller) {
        return PolicyRule.parse(rule).test(caller, java.util.Map.of(), new java.util.HashSet<>());
    }

    @Test
    public void theOperatorsFileOverridesByNameAndIsReadAgainWhenItChanges() throws IOException, InterruptedException {
        Path file = folder.getRoot().toPath().resolve("policy.yaml");
        Files.writeString(file, "# only administrators create volumes\n\"volume:create\": \"rule:admin_api\"\n"
                + "volume_extension:types_manage: 'role:member'  # members manage types\n");
        RulePolicy policy = new RulePolicy(file);
        RequestContext member = policy.context("m", "p", Set.of("member", "reader"), null, null);
        assertFalse(policy.allows("volume:create", member));
        assertTrue(policy.allows("volume_extension:types_manage", member));
        assertTrue(policy.allows("volume:delete", member));

        // A file that does not parse leaves the rules in force.
        Files.writeString(file, "\"volume:create\": \"role:admin or\"\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertFalse(policy.allows("volume:create", member));
        assertTrue(policy.allows("volume_extension:types_manage", member));

        Files.writeString(file, "\"volume:delete\": \"!\"\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertTrue(policy.allows("volume:create", member));
        assertFalse(policy.allows("volume:delete", member));
        assertFalse(policy.allows("volume_extension:types_manage", member));
    }

    @Test
    public void aRuleThatRefersToItselfHoldsForNoOne() throws IOException {
        Path file = folder.getRoot().toPath().resolve("loop.yaml");
        Files.writeString(file, "\"volume:create\": \"rule:volume:create or rule:admin_api\"\n");
        RulePolicy policy = new RulePolicy(file);
        assertFalse(policy.allows("volume:create", policy.context("m", "p", Set.of("member"), null, null)));
        assertTrue(policy.allows("volume:create", policy.context("a", "p", Set.of("admin"), null, null)));
    }
}
