import { Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { handleAppend, handleBatchAppend } from './append-handlers';
import { InMemoryLog } from './in-memory-log';
import { handleRead } from './read-handler';

export interface EventStoreDbDoubleOptions {
  /** 0 (default): any free port. */
  port?: number;
  /**
   * List BatchAppend in ServerFeatures (default true), as servers from 21.10 on do; false makes the
   * client fall back to the classic Append, as against an older server.
   */
  batchAppend?: boolean;
  /** Seed the log with a few `$` system events, as a real server's log has (default true). */
  systemEvents?: boolean;
}

/** The version the double reports through ServerFeatures: the protocol it speaks, and what it is. */
export const DOUBLE_SERVER_VERSION = '24.10.0-wire-double';

/**
 * An in-process, in-memory gRPC server that speaks the part of EventStoreDB's protocol our adapter
 * uses — Streams.Read (stream, `$all`, `$all` subscription with filter), Streams.BatchAppend,
 * Streams.Append and ServerFeatures — so that the real `@eventstore/db-client`, its serialisation and
 * its error classes run end to end where no EventStoreDB can be started (no Docker engine).
 *
 * It is a wire-level test double, not an EventStoreDB: it complements the contract run against a real
 * server and never replaces it. It binds to 127.0.0.1 only, without TLS, and needs no gossip (a
 * single-host connection string goes straight to the node).
 */
export class EventStoreDbDouble {
  private server?: Server;

  private constructor(
    readonly log: InMemoryLog,
    private readonly options: EventStoreDbDoubleOptions,
    private boundPort: number,
  ) {}

  static async start(options: EventStoreDbDoubleOptions = {}): Promise<EventStoreDbDouble> {
    const double = new EventStoreDbDouble(new InMemoryLog(options), options, options.port ?? 0);
    await double.listen();
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  /** `esdb://127.0.0.1:PORT?tls=false`: one node, no discovery, no TLS. */
  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Like a node going away: every connection and call is cut at once; the log is kept. */
  async goDown(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** The node is back on the same port, with the same log. */
  async comeBack(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // A graceful shutdown waits for live subscriptions to end; a test double need not.
    server.forceShutdown();
  }

  private async listen(): Promise<void> {
    const server = new Server();
    server.addService(StreamsService, this.streams());
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: (error: null, value: SupportedMethods) => void) =>
        callback(null, this.supportedMethods()),
    });
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.boundPort}`, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.server = server;
  }

  private streams(): UntypedServiceImplementation {
    const unimplemented = (
      _call: unknown,
      callback: (error: { code: status; details: string }) => void,
    ): void =>
      callback({ code: status.UNIMPLEMENTED, details: 'not implemented by the EventStoreDB wire double' });
    return {
      read: handleRead.bind(undefined, this.log),
      append: handleAppend.bind(undefined, this.log),
      batchAppend: handleBatchAppend.bind(undefined, this.log),
      delete: unimplemented,
      tombstone: unimplemented,
    };
  }

  private supportedMethods(): SupportedMethods {
    const streams = ['read', ...(this.options.batchAppend === false ? [] : ['batchappend']), 'append'];
    return new SupportedMethods()
      .setEventStoreServerVersion(DOUBLE_SERVER_VERSION)
      .setMethodsList(
        streams.map((name) =>
          new SupportedMethod().setServiceName('event_store.client.streams.Streams').setMethodName(name),
        ),
      );
  }
}
