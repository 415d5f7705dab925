import { Global, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { featureModules } from './features';
import { patientCommandHandlers } from './commands/patients/patient-commands';
import { providerLocationCommandHandlers } from './commands/providers/provider-location-commands';
import { AggregateRepository } from './commands/shared/aggregate-repository';
import { createAuthModule } from './infra/auth/auth.module';
import { accessAuditorProvider } from './infra/audit/access-auditor.provider';
import { ImportStatus } from './infra/import/import-status';
import { Runtime } from './infra/runtime/runtime';
import { EVENT_STORE, READ_MODEL_SQL } from './infra/tokens';
import { OperationsController } from './read-api/operations/operations.controller';
import { PatientsReadController } from './read-api/patients/patients-read.controller';
import { AuditorViewController, PatientAppController, ProviderPortalController } from './read-api/web/web-apps.controller';
import { WebController } from './read-api/web/web.controller';
import { PatientsWriteController } from './write-api/patients/patients-write.controller';
import { ProviderLocationsWriteController } from './write-api/providers/provider-locations-write.controller';

/** The HTTP application around an opened runtime: controllers, the command bus and its handlers. */
export function createAppModule(runtime: Runtime): Type<unknown> {
  @Global()
  @Module({
    providers: [
      { provide: Runtime, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: READ_MODEL_SQL, useValue: runtime.sql },
      AggregateRepository,
      accessAuditorProvider,
    ],
    exports: [Runtime, EVENT_STORE, READ_MODEL_SQL, AggregateRepository, accessAuditorProvider.provide],
  })
  class CoreModule {}

  @Module({
    imports: [CqrsModule.forRoot(), CoreModule, createAuthModule(runtime.config), ...featureModules],
    controllers: [
      OperationsController,
      PatientsReadController,
      PatientsWriteController,
      ProviderLocationsWriteController,
      WebController,
      PatientAppController,
      ProviderPortalController,
      AuditorViewController,
    ],
    providers: [
      ImportStatus,
      ...patientCommandHandlers,
      ...providerLocationCommandHandlers,
    ],
  })
  class AppModule {}

  return AppModule;
}
