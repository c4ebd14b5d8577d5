package org.scoria.messaging.command;

import java.time.Duration;
import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * The synchronous calls of a backend's call queue: start or end a consumer's export of a volume
 * (or of a temporary copy of it a backup reads). Each carries its caller's deadline, after which
 * the backend must not start or keep an export nobody waits for.
 *
 * @since 1.0
 */
public sealed interface ExportCall extends TypedCommand
        permits InitializeConnection, TerminateConnection, CreateBackupDevice, RemoveBackupDevice {

    String volumeId();

    /** The consumer's connector as os-brick describes it, JSON; {@code null} for none. */
    String connector();

    /** When the caller stops waiting; {@code null} for the backend's own limit. */
    Instant deadline();

    /** What the call does to its volume, as a failure names it: "export" volume X. */
    String work();

    /** The deadline of a call whose caller waits for {@code timeout} from now. */
    static Instant deadlineIn(Duration timeout) {
        return Instant.ofEpochMilli(System.currentTimeMillis() + timeout.toMillis());
    }

    /** @throws UnknownCommandException when the family has no such call */
    static ExportCall read(Command command) {
        String volumeId = command.resourceId();
        String requestId = command.requestId();
        WireArguments arguments = WireArguments.of(command);
        String connector = arguments.optional(Command.CONNECTOR);
        Instant deadline = arguments.epochMillis(Command.DEADLINE);
        return switch (command.type()) {
            case Command.INITIALIZE_CONNECTION -> new InitializeConnection(volumeId, requestId, connector, deadline,
                    arguments.optional(Command.ATTACH_MODE));
            case Command.TERMINATE_CONNECTION -> new TerminateConnection(volumeId, requestId, connector, deadline);
            case Command.CREATE_BACKUP_DEVICE -> new CreateBackupDevice(volumeId, requestId, connector, deadline,
                    arguments.required(Command.BACKUP_ID), arguments.optional(Command.SNAPSHOT_ID));
            case Command.REMOVE_BACKUP_DEVICE -> new RemoveBackupDevice(volumeId, requestId, connector, deadline,
                    arguments.required(Command.BACKUP_ID), arguments.optional(Command.PROVIDER_LOCATION));
            default -> throw new UnknownCommandException("export call", command);
        };
    }

    /** The arguments every call carries. */
    static WireArguments common(ExportCall call) {
        return WireArguments.empty().put(Command.DEADLINE, call.deadline()).put(Command.CONNECTOR, call.connector());
    }
}
