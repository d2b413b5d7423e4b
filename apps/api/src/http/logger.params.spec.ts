import { Writable } from 'node:stream';
import pino from 'pino';
import { demoteStartUpChatter, prettyLogs } from './logger.params';

/** A pino logger at `level` with the hook, and the lines it wrote. */
function logger(level: string): { log: pino.Logger; lines: () => { level: number; context?: string; msg: string }[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level, hooks: { logMethod: demoteStartUpChatter } }, sink);
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { level: number; context?: string; msg: string }),
  };
}

describe('logs', () => {
  it('are pretty on a terminal and JSON otherwise, unless LOG_FORMAT says which', () => {
    expect(prettyLogs('auto', true)).toBe(true);
    expect(prettyLogs('auto', false)).toBe(false);
    expect(prettyLogs('json', true)).toBe(false);
    expect(prettyLogs('pretty', false)).toBe(true);
  });

  it("write Nest's start-up chatter at debug, and everything else as it comes", () => {
    const { log, lines } = logger('debug');
    log.info({ context: 'RouterExplorer' }, 'Mapped {/v1/operations, POST} route');
    log.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    log.info({ context: 'NestApplication' }, 'Nest application successfully started');
    log.info({ context: 'AlertFeed' }, 'following the log');
    log.info({ correlationId: 'c1' }, 'request completed');
    log.warn({ context: 'RoutesResolver' }, 'a warning stays a warning');
    expect(lines().map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'Mapped {/v1/operations, POST} route'],
      [20, 'AppModule dependencies initialized'],
      [20, 'Nest application successfully started'],
      [30, 'following the log'],
      [30, 'request completed'],
      [40, 'a warning stays a warning'],
    ]);
  });

  it('leave the chatter out at info', () => {
    const { log, lines } = logger('info');
    log.info({ context: 'RoutesResolver' }, 'OperationsController {/v1/operations}');
    log.info('kept');
    expect(lines().map(({ msg }) => msg)).toEqual(['kept']);
  });
});
