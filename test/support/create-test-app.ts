import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AppConfig, loadConfig } from '@app/config';
import { departmentDecider, departmentStreamId } from '@app/domain';
import { EVENT_STORE, EventStore, handleCommand, newEventId } from '@app/event-store';
import { ApiKeyService, Principal, PrincipalRole } from '@app/access';
import { DepartmentDirectoryService } from '@app/read-models';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { createApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the app's HTTP server: real HTTP, no listening port. */
  http: () => ReturnType<typeof request>;
  db: TestDatabase;
  config: AppConfig;
  keys: ApiKeyService;
  /** Registers the department unless it is registered already: department keys must name an existing one. */
  department(code: string): Promise<void>;
  /** A fresh API key of that role (its department registered if need be), issued straight through the key service. */
  keyFor(role: PrincipalRole, department?: string): Promise<string>;
  close(): Promise<void>;
}

const TEST_ACTOR: Principal = { id: 'e2e-setup', role: 'admin' };

/**
 * The real application on its own migrated database, set up exactly as main.ts sets it up (configureApp).
 * Logging is silent unless the test overrides LOG_LEVEL. Batches are handled in the API's thread (BATCH_THREADS=0):
 * the worker threads need the build, which test/batch-threads.e2e-spec.ts starts.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', BATCH_THREADS: '0', ...env });
  const db = await createTestDatabase();
  const app = await createApp(AppModule.forRoot({ config, dataSource: db.dataSource }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const keys = app.get(ApiKeyService);
  const department = async (code: string): Promise<void> => {
    if (await app.get(DepartmentDirectoryService).exists(code)) return;
    await handleCommand(
      app.get<EventStore>(EVENT_STORE),
      departmentDecider,
      departmentStreamId(code),
      { type: 'RegisterDepartment', actor: TEST_ACTOR, code, name: `e2e ${code}`, parentRegistered: false },
      {
        metadata: { actor: TEST_ACTOR, correlationId: 'e2e-setup' },
        eventIds: (n) => Array.from({ length: n }, newEventId),
      },
    );
  };
  return {
    app,
    http: () => request(app.getHttpServer()),
    db,
    config,
    keys,
    department,
    keyFor: async (role, code) => {
      if (code !== undefined) await department(code);
      const issued = await keys.issue(
        { name: `e2e ${role}`, role, department: code },
        { actor: TEST_ACTOR, correlationId: 'e2e-setup' },
      );
      return issued.key;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
