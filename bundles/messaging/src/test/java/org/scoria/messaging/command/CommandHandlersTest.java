package org.scoria.messaging.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.scoria.messaging.Command;

public class CommandHandlersTest {

    @Test
    public void eachCommandGoesToTheHandlerOfItsType() throws Exception {
        List<String> done = new ArrayList<>();
        CommandHandlers<BackupCommand, String, Void> handlers = CommandHandlers.<BackupCommand, String, Void>of(
                BackupCommand.class, BackupCommand::read)
                .on(CreateBackup.class, (command, node) -> done.add(node + " made " + command.backupId()))
                .on(RestoreBackup.class, (command, node) -> done.add(node + " restored into " + command.volumeId()))
                .on(DeleteBackup.class, (command, node) -> done.add(node + " deleted " + command.backupId()))
                .on(ImportBackup.class, (command, node) -> done.add(node + " checked " + command.backupId()))
                .complete();
        handlers.handle(new RestoreBackup("b1", "req-1", "v1", false), "n1");
        handlers.handle(new CreateBackup("b2", "req-2").toCommand(), "n2");
        // Unreadable on the wire (a newer node's command, an argument missing): dropped, nothing handled.
        assertNull(handlers.handle(new Command("verify_backup", "b3", "req-3"), "n3"));
        assertNull(handlers.handle(new Command("restore_backup", "b4", "req-4"), "n4"));
        assertEquals(List.of("n1 restored into v1", "n2 made b2"), done);
    }

    @Test
    public void aFamilyMemberWithoutAHandlerFailsWhereTheHandlersAreMade() {
        CommandHandlers<VolumeCommand, Void, Void> partial = CommandHandlers.<VolumeCommand, Void, Void>of(
                VolumeCommand.class, VolumeCommand::read).on(CreateVolume.class, (command, unused) -> { });
        IllegalStateException missing = assertThrows(IllegalStateException.class, partial::complete);
        assertEquals("VolumeCommand without a handler: CopyVolumeToImage, CreateSnapshot, DeleteSnapshot, DeleteVolume,"
                + " ExtendVolume, ReimageVolume, RevertToSnapshot", missing.getMessage());
    }

    @Test
    public void aCallIsAnsweredByItsHandler() throws Exception {
        CommandHandlers<ExportCall, Void, Object> calls = CommandHandlers.<ExportCall, Void, Object>of(ExportCall.class,
                ExportCall::read)
                .answer(InitializeConnection.class, (call, unused) -> "exported " + call.volumeId() + " " + call.mode())
                .answer(TerminateConnection.class, (call, unused) -> "ended")
                .answer(CreateBackupDevice.class, (call, unused) -> "made")
                .answer(RemoveBackupDevice.class, (call, unused) -> "removed")
                .complete();
        assertEquals("exported v1 ro", calls.handle(new InitializeConnection("v1", "req-1", null, null, "ro"), null));
    }
}
