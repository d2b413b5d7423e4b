import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bareProblem, PROBLEM_CONTENT_TYPE } from '../http/problem-details';

/** Where the console is served: its pages read the public API of the same origin, with the key held in the tab. */
export const CONSOLE_PATH = '/console/';

/**
 * Serves the web console (apps/console, built by Vite into `dir`) at /console/. Its routes live in the URL's hash, so
 * the server only hands out index.html and the hashed assets; those never change under a name and are cached for
 * good, index.html never. Without a build the path answers 404 problem+json saying how to build it.
 */
export function serveConsole(app: NestFastifyApplication, dir: string): void {
  const fastify = app.getHttpAdapter().getInstance();
  const root = resolve(dir);
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
  if (!existsSync(resolve(root, 'index.html'))) {
    fastify.get(`${CONSOLE_PATH}*`, (request, reply) =>
      reply
        .status(404)
        .header('Content-Type', PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify(
            bareProblem(404, `The console is not built (no ${root}/index.html): run npm run build`, request.id),
          ),
        ),
    );
    return;
  }
  void fastify.register(fastifyStatic, {
    root,
    prefix: CONSOLE_PATH,
    decorateReply: false,
    setHeaders: (response, path) => {
      void response.header(
        'Cache-Control',
        path.includes(`${resolve(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
