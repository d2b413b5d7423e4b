import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `auto`: readable lines on a terminal, JSON lines otherwise (a file, a pipe, a log collector). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const CLOCKS = ['system', 'settable'] as const;
/** How a disclosed case outcome shows a person's name: the surname and a star per other character, or not at all. */
export const CASE_PUBLIC_NAME_MODES = ['surname', 'none'] as const;
export type CasePublicNameMode = (typeof CASE_PUBLIC_NAME_MODES)[number];
export type ClockKind = (typeof CLOCKS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value !== '' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every setting the product reads from the environment. Nothing else in the code base reads process.env:
 * a missing or malformed value fails at start-up with a message naming the variable.
 */
export class AppConfig {
  /** HTTP port of the API. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Address the API listens on. */
  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL; when unset an embedded server is started (data in EMBEDDED_PG_DIR). */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string = undefined;

  /**
   * The schema owner's URL for migrations, when DATABASE_URL is a login of the application role (which may only
   * read and insert events); unset: migrations run on DATABASE_URL.
   */
  @IsOptional()
  @IsString()
  DATABASE_MIGRATION_URL?: string = undefined;

  /** The web console's files, built by `npm run build` (Vite); served at /console when the folder exists. */
  @IsString()
  CONSOLE_DIR = './dist/console';

  /** Where the embedded PostgreSQL keeps its data; kept across restarts. */
  @IsString()
  EMBEDDED_PG_DIR = './.data/postgres';

  /** Port of the embedded PostgreSQL; not 5432, so it never clashes with a server already there. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Size of the PostgreSQL connection pool of one process. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** The first admin API key; when unset one is created on first start and printed once. */
  @IsOptional()
  @IsString()
  @MinLength(24)
  ADMIN_API_KEY?: string = undefined;

  /**
   * HTTP worker processes of `npm start`. 1: one process serves HTTP and runs the projector (RUN_PROJECTOR). More:
   * a supervising process starts the database, forks this many HTTP workers sharing the port, and runs the projector
   * in a process of its own at lower CPU priority, so that under load requests come first and projections catch up.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  API_WORKERS = 1;

  /** Run the projector (projections, reactors) with the API: in its process, or with API_WORKERS > 1 in one beside it. */
  @Transform(toBoolean)
  RUN_PROJECTOR = true;

  /** How long the projector sleeps between polls when no NOTIFY arrives, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  PROJECTOR_POLL_MS = 1000;

  /**
   * The longest, in milliseconds, the projector lets new events gather under steady appends before it takes them
   * (5 ms per event its previous pass read): each projection then handles many in one transaction. An event alone
   * is taken within a few milliseconds.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  PROJECTOR_MAX_GATHER_MS = 200;

  /**
   * The longest wait, in milliseconds, between two attempts of a projection that fails on an event; the wait
   * doubles from 250 ms up to it. The failure is on /health and logged once.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  PROJECTOR_RETRY_MAX_MS = 60_000;

  /** How long a read with minPosition waits for the projections before answering 503, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  MIN_POSITION_WAIT_MS = 5000;

  /**
   * How long the first response to an Idempotency-Key is kept for replay, in hours. After it a retry with the key
   * still writes nothing twice (the events carry the key), but it is answered afresh rather than replayed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  /** Working days (official calendar) within which a power's grant, change, transfer or cancellation must be published. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  PUBLICATION_LIMIT_WORKING_DAYS = 20;

  /** Ground 1: a registration recorded more than this many working days after acceptance is late (yellow card). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  LATE_REGISTRATION_WORKING_DAYS = 3;

  /**
   * Ground 1: a step, decision, completion or publication recorded more than this many working days after the date it
   * claims is a late record (yellow card).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  LATE_RECORD_WORKING_DAYS = 3;

  /** Ground 10: a pause (special procedure) longer than this many working days raises a yellow card. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  LONG_PAUSE_WORKING_DAYS = 60;

  /** Ground 1: a penalty of at least this many yuan is major, and needs a collective discussion before the decision. */
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  MAJOR_PENALTY_AMOUNT = 50_000;

  /**
   * Ground 7: the yellow card comes when at most this fraction of the committed working days (rounded up, at least
   * one day) remains before the committed deadline.
   */
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  YELLOW_CARD_FRACTION = 0.2;

  /** `system`, or `settable` for tests: a clock the alert detectors read that a test sets (SettableClock). */
  @IsIn(CLOCKS)
  CLOCK: ClockKind = 'system';

  /** Longest sleep of the deadline watcher between looks at its schedule; a subject that failed is retried after it. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  ALERT_WATCHER_MAX_SLEEP_MS = 60_000;

  /** How often GET /v1/alerts/stream sends a comment, so that proxies keep an idle connection open. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(300_000)
  ALERT_STREAM_HEARTBEAT_MS = 15_000;

  /** Accountability: working days a person has to answer a rights notice (陈述、申辩); recorded on each case opened. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  CASE_RIGHTS_PERIOD_WORKING_DAYS = 5;

  /** Accountability: working days after a decision to request review (复核/复议) or appeal (申诉); recorded on each case. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  CASE_REVIEW_PERIOD_WORKING_DAYS = 20;

  /**
   * Complaints (投诉举报): working days the department has to reply once a complaint is assigned to it, recorded on each
   * assignment. The seed sets none; per-channel values in COMPLAINT_REPLY_WORKING_DAYS_BY_CHANNEL take precedence.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  COMPLAINT_REPLY_WORKING_DAYS = 15;

  /** Per-channel reply periods, `channel=days` separated by commas, e.g. `hotline-12345=5,media=10`. */
  @Matches(/^$|^[a-z0-9-]+=\d{1,3}(,[a-z0-9-]+=\d{1,3})*$/, {
    message: 'COMPLAINT_REPLY_WORKING_DAYS_BY_CHANNEL must read channel=days[,channel=days...]',
  })
  COMPLAINT_REPLY_WORKING_DAYS_BY_CHANNEL = '';

  /**
   * Performance evaluation (绩效考评): a JSON scoring table `{ version, base, deductions: [{ figure, label, points, max }] }`
   * (samples/scoring-table.json is the built-in one); recorded with every published evaluation.
   */
  @IsOptional()
  @IsString()
  EVALUATION_SCORING_TABLE?: string = undefined;

  /** Accountability: names in disclosed outcomes (通报), `surname` (王*) or `none` (omitted). */
  @IsIn(CASE_PUBLIC_NAME_MODES)
  CASE_PUBLIC_NAMES: CasePublicNameMode = 'surname';

  /**
   * Batches of registrations (POST /v1/operations/batch) one API process works on at a time; the others wait their
   * turn, refused never. 0 (the default): no limit. A batch keeps a core busy for a while (validating, deciding and
   * hashing up to a thousand registrations), and several at once on a small machine leave the process little time
   * for anything else. Measured on two cores (README, "Configuration"): 1 cuts /health's p99 under a flood of batches
   * by a quarter to a third, but not always its maximum below 100 ms, and costs 15–38 % of the batch throughput.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  BATCH_CONCURRENCY = 0;

  /**
   * Worker threads that validate, decide and write batches of registrations (POST /v1/operations/batch), each with
   * its own database connections (BATCH_THREAD_POOL_SIZE). With 0 the API's own thread does it, and a flood of
   * batches holds every other request, /health included, behind their turns and garbage collections (README,
   * "How it is built", has the figures). Needs the build (npm start); the tests, which run the TypeScript sources,
   * use 0 except where they start the build.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(16)
  BATCH_THREADS = 1;

  /**
   * The batch threads' niceness. 10 (the default, as the projector's): the thread answering HTTP runs first under
   * load, and batches take the CPU it leaves; 0: batches compete with it on equal terms, for more batch throughput
   * and a longer tail for every other request (README, "How it is built").
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(19)
  BATCH_THREAD_NICENESS = 10;

  /** Database connections of each batch thread, beside DATABASE_POOL_SIZE. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  BATCH_THREAD_POOL_SIZE = 4;

  /**
   * How many GET /v1/alerts/stream connections one API key may hold open in one process; one more is refused with
   * 429 TOO_MANY_STREAMS.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  ALERT_STREAMS_PER_KEY = 5;

  /**
   * Bytes of alert events that may wait for a stream's client to read them; a client that lets more pile up is
   * disconnected (an EventSource reconnects with Last-Event-ID and misses nothing).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  ALERT_STREAM_MAX_PENDING_BYTES = 1_048_576;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'auto';

  /**
   * The earliest date a request may give for a fact (effective dates, approvals, acceptance, steps): older ones are
   * typing errors, and a fact that far back would make the deadlines and the catalogue's history meaningless.
   */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'MIN_PLAUSIBLE_DATE must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'MIN_PLAUSIBLE_DATE must be a date that exists' })
  MIN_PLAUSIBLE_DATE = '2000-01-01';

  /** The CJK font the case dossier's PDF timeline is set in (Debian: fonts-noto-cjk). */
  @IsString()
  PDF_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

  /** The face of PDF_FONT_PATH to use when it is a collection (.ttc): its PostScript name. */
  @IsString()
  PDF_FONT_NAME = 'NotoSansCJKsc-Regular';

  /** The window of every rate limit below, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests without an API key (the public reads) per client address and window; 0: no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PUBLIC_REQUESTS = 600;

  /**
   * Requests answered 401 per client address and window; beyond it every request of that address carrying a key is
   * 429 until the window ends, so that keys cannot be guessed. 0: no limit.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_FAILED_AUTH = 30;

  /** Complaints filed through the public form (POST /v1/public/complaints) per client address and window; 0: no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PUBLIC_COMPLAINTS = 5;

  /** Reads (GET) per API key and window; 0: no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_KEY_READS = 0;

  /** Writes per API key and window; 0: no limit (a batch counts once). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_KEY_WRITES = 0;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Every setting is an own property of AppConfig (the optional ones initialised to undefined), so that this lists
  // them all however the class is compiled. A variable set to the empty string counts as unset: `PORT=` in an env
  // file means the default, not port 0.
  const known = new Set(Object.keys(new AppConfig()));
  const candidate = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.has(key) && value !== ''));
  const config = plainToInstance(AppConfig, candidate, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
