import type { Logger } from 'pino';

import { ConflictError } from '../../domain/shared/errors';
import type { SqlClient } from '../../infra/sql/sql-client';
import { SAGA_SCHEMA } from './saga-tables';

/** A pure process manager: each message advances its state and may return commands to send. */
export interface ProcessManager<State, Message, Command> {
  /** Lower-case letters, digits and "-"; keys the stored states. */
  readonly name: string;
  advance(state: State | null, message: Message): { state: State; commands: Command[] };
  isFinished(state: State): boolean;
}

/**
 * Sends one command and returns the message that reports its outcome. `commandId` is derived
 * from the process id and the command's place in the process, so a resend after a crash is
 * recognised by the command handler and stores nothing twice. Rejections come back as messages;
 * a thrown error means the outcome is unknown, and the command stays pending for a resend.
 */
export type Dispatch<Command, Message> = (command: Command, commandId: string) => Promise<Message>;

interface StoredProcess<State, Command> {
  state: State | null;
  pending: Command[];
  dispatched: number;
  version: number;
}

/**
 * Runs process managers whose state lives in process_manager_states. Every step is saved
 * (state, commands still to send, how many were sent) before the next command goes out, so a
 * process interrupted by a crash resumes with resumeUnfinished and sends nothing twice.
 */
export class ProcessManagerRunner<State, Message, Command> {
  private constructor(
    private readonly sql: SqlClient,
    private readonly manager: ProcessManager<State, Message, Command>,
    private readonly dispatch: Dispatch<Command, Message>,
    private readonly logger: Logger,
  ) {}

  static async open<State, Message, Command>(
    sql: SqlClient,
    manager: ProcessManager<State, Message, Command>,
    dispatch: Dispatch<Command, Message>,
    logger: Logger,
  ): Promise<ProcessManagerRunner<State, Message, Command>> {
    await sql.exec(SAGA_SCHEMA);
    return new ProcessManagerRunner(sql, manager, dispatch, logger);
  }

  /** Delivers a message and drives the process until it has no command left to send; returns its state. */
  async run(processId: string, message: Message): Promise<State> {
    const stored = await this.load(processId);
    const decision = this.manager.advance(stored.state, message);
    const saved = await this.save(processId, { ...stored, state: decision.state, pending: [...stored.pending, ...decision.commands] });
    return this.drain(processId, saved);
  }

  /** Resends the pending commands of every unfinished process; call it once at start-up. */
  async resumeUnfinished(): Promise<number> {
    const { rows } = await this.sql.query<{ process_id: string }>(
      `select process_id from process_manager_states where manager = $1 and not finished and jsonb_array_length(pending) > 0`,
      [this.manager.name],
    );
    for (const { process_id: processId } of rows) {
      try {
        await this.drain(processId, await this.load(processId));
      } catch (error) {
        this.logger.error({ manager: this.manager.name, processId, err: error }, 'process could not be resumed; it stays pending for the next start');
      }
    }
    return rows.length;
  }

  private async drain(processId: string, process: StoredProcess<State, Command>): Promise<State> {
    let current = process;
    while (current.pending.length > 0) {
      const [command, ...rest] = current.pending;
      const outcome = await this.dispatch(command!, `${this.manager.name}/${processId}/${current.dispatched + 1}`);
      const decision = this.manager.advance(current.state, outcome);
      current = await this.save(processId, {
        ...current,
        state: decision.state,
        pending: [...rest, ...decision.commands],
        dispatched: current.dispatched + 1,
      });
    }
    return current.state!;
  }

  private async load(processId: string): Promise<StoredProcess<State, Command>> {
    const { rows } = await this.sql.query<{ state: State; pending: Command[]; dispatched: number; version: number }>(
      `select state, pending, dispatched, version from process_manager_states where manager = $1 and process_id = $2`,
      [this.manager.name, processId],
    );
    return rows[0] ?? { state: null, pending: [], dispatched: 0, version: 0 };
  }

  // The version check keeps two requests for the same process from both advancing it.
  private async save(processId: string, process: StoredProcess<State, Command>): Promise<StoredProcess<State, Command>> {
    const next = { ...process, version: process.version + 1 };
    const finished = process.state !== null && this.manager.isFinished(process.state) && process.pending.length === 0;
    const { rows } = await this.sql.query<{ version: number }>(
      `insert into process_manager_states (manager, process_id, state, pending, dispatched, finished, version, updated_at)
       values ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, now())
       on conflict (manager, process_id) do update
         set state = excluded.state, pending = excluded.pending, dispatched = excluded.dispatched,
             finished = excluded.finished, version = excluded.version, updated_at = now()
         where process_manager_states.version = $7 - 1
       returning version`,
      [this.manager.name, processId, JSON.stringify(next.state), JSON.stringify(next.pending), next.dispatched, finished, next.version],
    );
    if (rows.length === 0) {
      throw new ConflictError(`process ${processId} of ${this.manager.name} was advanced by another request at the same time; retry the request`);
    }
    return next;
  }
}
