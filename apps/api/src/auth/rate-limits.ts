import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RateLimiter } from '../http/rate-limiter';

/** The rate limits of the configuration (RATE_LIMIT_*), one counter each, for this process. */
@Injectable()
export class RateLimits {
  /** Requests without a key, by client address. */
  readonly publicRequests: RateLimiter;
  /** Requests answered 401, by client address. */
  readonly failedAuthentications: RateLimiter;
  /** Complaints through the public form, by client address. */
  readonly publicComplaints: RateLimiter;
  readonly keyReads: RateLimiter;
  readonly keyWrites: RateLimiter;

  constructor(config: AppConfig) {
    const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.publicRequests = new RateLimiter(config.RATE_LIMIT_PUBLIC_REQUESTS, windowMs);
    this.failedAuthentications = new RateLimiter(config.RATE_LIMIT_FAILED_AUTH, windowMs);
    this.publicComplaints = new RateLimiter(config.RATE_LIMIT_PUBLIC_COMPLAINTS, windowMs);
    this.keyReads = new RateLimiter(config.RATE_LIMIT_KEY_READS, windowMs);
    this.keyWrites = new RateLimiter(config.RATE_LIMIT_KEY_WRITES, windowMs);
  }
}

/** 429, for the problem filter; the caller has set Retry-After. */
export function tooManyRequests(detail: string): HttpException {
  return new HttpException({ message: detail, code: 'TOO_MANY_REQUESTS' }, HttpStatus.TOO_MANY_REQUESTS);
}
