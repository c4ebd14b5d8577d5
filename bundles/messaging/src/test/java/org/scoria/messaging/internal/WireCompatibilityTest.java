package org.scoria.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scoria.messaging.Command;
import org.scoria.messaging.command.BackupCommand;
import org.scoria.messaging.command.CopyVolumeToImage;
import org.scoria.messaging.command.CreateBackup;
import org.scoria.messaging.command.CreateBackupDevice;
import org.scoria.messaging.command.CreateSnapshot;
import org.scoria.messaging.command.CreateVolume;
import org.scoria.messaging.command.DeleteBackup;
import org.scoria.messaging.command.DeleteSnapshot;
import org.scoria.messaging.command.DeleteVolume;
import org.scoria.messaging.command.ExportCall;
import org.scoria.messaging.command.ExtendVolume;
import org.scoria.messaging.command.ImageSource;
import org.scoria.messaging.command.ImportBackup;
import org.scoria.messaging.command.InitializeConnection;
import org.scoria.messaging.command.Placement;
import org.scoria.messaging.command.ReimageVolume;
import org.scoria.messaging.command.RemoveBackupDevice;
import org.scoria.messaging.command.RestoreBackup;
import org.scoria.messaging.command.RevertToSnapshot;
import org.scoria.messaging.command.ScheduleCreateVolume;
import org.scoria.messaging.command.SchedulerCommand;
import org.scoria.messaging.command.TerminateConnection;
import org.scoria.messaging.command.TypedCommand;
import org.scoria.messaging.command.UnknownCommandException;
import org.scoria.messaging.command.VolumeCommand;

/**
 * The typed commands against the messages nodes of the builds before them send and read: each
 * message as those builds wrote it (the JSON below, from the code that built it with
 * {@code Command} and its constants) reads as its record, and each record is written as the
 * message those builds read. So a cluster upgraded one node at a time keeps its requests.
 */
public class WireCompatibilityTest {

    private static final String CONNECTOR = "{\"host\":\"backup-1\",\"ip\":\"127.0.0.1\",\"multipath\":false}";

    @Test
    public void theSchedulersCommandsAreTheMessagesOfBefore() {
        sameOnTheWire(SchedulerCommand::read, new ScheduleCreateVolume("v1", "req-1",
                Placement.hinted(Map.of("same_host", "v7,v8", "query", "[\"<\",\"$free_capacity_gb\",500]"))),
                "{\"type\":\"schedule_create_volume\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"same_host\":\"v7,v8\",\"query\":\"[\\\"<\\\",\\\"$free_capacity_gb\\\",500]\"}}");
        sameOnTheWire(SchedulerCommand::read, new ScheduleCreateVolume("v2", "req-2", Placement.copyOn("node@nfs#pool")),
                "{\"type\":\"schedule_create_volume\",\"resourceId\":\"v2\",\"requestId\":\"req-2\",\"arguments\":"
                        + "{\"source_host\":\"node@nfs#pool\"}}");
        // A create that failed on two backends, back from the second with the zone the scheduler recorded.
        sameOnTheWire(SchedulerCommand::read, new ScheduleCreateVolume("v3", "req-3",
                new Placement(List.of("node@a", "node@b"), "nova", null, Map.of("different_host", "v9"))),
                "{\"type\":\"schedule_create_volume\",\"resourceId\":\"v3\",\"requestId\":\"req-3\",\"arguments\":"
                        + "{\"tried_hosts\":\"node@a,node@b\",\"requested_zone\":\"nova\",\"different_host\":\"v9\"}}");
    }

    @Test
    public void aBackendsCommandsAreTheMessagesOfBefore() {
        sameOnTheWire(VolumeCommand::read, new CreateVolume("v1", "req-1",
                new Placement(List.of("node@a"), "", null, Map.of("same_host", "v7"))),
                "{\"type\":\"create_volume\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"tried_hosts\":\"node@a\",\"requested_zone\":\"\",\"same_host\":\"v7\"}}");
        sameOnTheWire(VolumeCommand::read, new DeleteVolume("v1", "req-1"),
                "{\"type\":\"delete_volume\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":{}}");
        sameOnTheWire(VolumeCommand::read, new ExtendVolume("v1", "req-1", 5),
                "{\"type\":\"extend_volume\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"new_size\":\"5\"}}");
        sameOnTheWire(VolumeCommand::read, new RevertToSnapshot("v1", "req-1", "s1"),
                "{\"type\":\"revert_to_snapshot\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"snapshot_id\":\"s1\"}}");
        sameOnTheWire(VolumeCommand::read, new CreateSnapshot("s1", "req-1"),
                "{\"type\":\"create_snapshot\",\"resourceId\":\"s1\",\"requestId\":\"req-1\",\"arguments\":{}}");
        sameOnTheWire(VolumeCommand::read, new DeleteSnapshot("s1", "req-1"),
                "{\"type\":\"delete_snapshot\",\"resourceId\":\"s1\",\"requestId\":\"req-1\",\"arguments\":{}}");
        sameOnTheWire(VolumeCommand::read, new CopyVolumeToImage("v1", "req-1", new ImageSource("i1", "t1"), "qcow2",
                "available"), "{\"type\":\"copy_volume_to_image\",\"resourceId\":\"v1\",\"requestId\":\"req-1\","
                        + "\"arguments\":{\"disk_format\":\"qcow2\",\"image_id\":\"i1\",\"auth_token\":\"t1\"}}");
        // A forced upload of an in-use volume, new: the builds before ignore the argument they do not know.
        sameOnTheWire(VolumeCommand::read, new CopyVolumeToImage("v1", "req-1", new ImageSource("i1", "t1"), "raw",
                "in-use"), "{\"type\":\"copy_volume_to_image\",\"resourceId\":\"v1\",\"requestId\":\"req-1\","
                        + "\"arguments\":{\"disk_format\":\"raw\",\"previous_status\":\"in-use\",\"image_id\":\"i1\","
                        + "\"auth_token\":\"t1\"}}");
        sameOnTheWire(VolumeCommand::read, new ReimageVolume("v1", "req-1", new ImageSource("i2", "t2"), "error"),
                "{\"type\":\"reimage_volume\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"previous_status\":\"error\",\"image_id\":\"i2\",\"auth_token\":\"t2\"}}");
    }

    @Test
    public void exportCallsAreTheCallsOfBefore() {
        Instant deadline = Instant.ofEpochMilli(1_765_000_000_000L);
        sameOnTheWire(ExportCall::read, new InitializeConnection("v1", "req-1", CONNECTOR, deadline, "ro"),
                "{\"type\":\"initialize_connection\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"deadline\":\"1765000000000\",\"connector\":" + quoted(CONNECTOR) + ",\"attach_mode\":\"ro\"}}");
        sameOnTheWire(ExportCall::read, new TerminateConnection("v1", "req-1", null, deadline),
                "{\"type\":\"terminate_connection\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"deadline\":\"1765000000000\"}}");
        // The backup manager of before sent its mode with every call; only an export reads it.
        assertEquals(new CreateBackupDevice("v1", "req-1", CONNECTOR, deadline, "b1", "s1"), ExportCall.read(wire(
                "{\"type\":\"create_backup_device\",\"resourceId\":\"v1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"deadline\":\"1765000000000\",\"connector\":" + quoted(CONNECTOR) + ",\"attach_mode\":\"rw\","
                        + "\"backup_id\":\"b1\",\"snapshot_id\":\"s1\"}}")));
        assertEquals(new RemoveBackupDevice("v1", "req-1", CONNECTOR, deadline, "b1", "backup-b1@pool"),
                ExportCall.read(wire("{\"type\":\"remove_backup_device\",\"resourceId\":\"v1\",\"requestId\":\"req-1\","
                        + "\"arguments\":{\"deadline\":\"1765000000000\",\"connector\":" + quoted(CONNECTOR) + ","
                        + "\"attach_mode\":\"rw\",\"backup_id\":\"b1\",\"provider_location\":\"backup-b1@pool\"}}")));
        // What a volume manager of before reads from them: the backup, the snapshot, where the device is.
        Map<String, String> made = new CreateBackupDevice("v1", "req-1", CONNECTOR, deadline, "b1", "s1").toCommand()
                .arguments();
        assertEquals(Map.of("deadline", "1765000000000", "connector", CONNECTOR, "backup_id", "b1", "snapshot_id", "s1"),
                made);
        Map<String, String> removed = new RemoveBackupDevice("v1", "req-1", CONNECTOR, deadline, "b1", "here")
                .toCommand().arguments();
        assertEquals(Map.of("deadline", "1765000000000", "connector", CONNECTOR, "backup_id", "b1",
                "provider_location", "here"), removed);
    }

    @Test
    public void theBackupManagersCommandsAreTheMessagesOfBefore() {
        sameOnTheWire(BackupCommand::read, new CreateBackup("b1", "req-1"),
                "{\"type\":\"create_backup\",\"resourceId\":\"b1\",\"requestId\":\"req-1\",\"arguments\":{}}");
        sameOnTheWire(BackupCommand::read, new DeleteBackup("b1", "req-1"),
                "{\"type\":\"delete_backup\",\"resourceId\":\"b1\",\"requestId\":\"req-1\",\"arguments\":{}}");
        sameOnTheWire(BackupCommand::read, new RestoreBackup("b1", "req-1", "v1", true),
                "{\"type\":\"restore_backup\",\"resourceId\":\"b1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"volume_id\":\"v1\",\"new_volume\":\"true\"}}");
        sameOnTheWire(BackupCommand::read, new ImportBackup("b1", "req-1", Instant.parse("2026-12-01T10:00:00Z")),
                "{\"type\":\"import_backup\",\"resourceId\":\"b1\",\"requestId\":\"req-1\",\"arguments\":"
                        + "{\"data_timestamp\":\"2026-12-01T10:00:00Z\"}}");
    }

    @Test
    public void aCommandOfAnotherQueueOrWithoutItsArgumentsIsRefused() {
        Command backupCommand = new CreateBackup("b1", "req-1").toCommand();
        UnknownCommandException unknown = assertThrows(UnknownCommandException.class, () -> VolumeCommand.read(backupCommand));
        assertEquals("no volume command is called create_backup (for b1)", unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BackupCommand.read(new Command("restore_backup", "b1", "req-1")));
        assertEquals("the command has no argument volume_id", missing.getMessage());
    }

    /** The message of before reads as the record, and the record is written as that message. */
    private static <F extends TypedCommand> void sameOnTheWire(java.util.function.Function<Command, F> read, F typed,
            String before) {
        Command old = wire(before);
        assertEquals(typed, read.apply(old));
        assertEquals(old, typed.toCommand());
        assertEquals(old, MessageJson.read(MessageJson.write(typed.toCommand()), Command.class));
    }

    private static Command wire(String json) {
        return MessageJson.read(json, Command.class);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }
}
