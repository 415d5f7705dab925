import { Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { patientCommandHandlers } from './commands/patients/patient-commands';
import { providerLocationCommandHandlers } from './commands/providers/provider-location-commands';
import { AggregateRepository } from './commands/shared/aggregate-repository';
import { ImportStatus } from './infra/import/import-status';
import { Runtime } from './infra/runtime/runtime';
import { EVENT_STORE, READ_MODEL_SQL } from './infra/tokens';
import { OperationsController } from './read-api/operations/operations.controller';
import { PatientsReadController } from './read-api/patients/patients-read.controller';
import { ProvidersReadController } from './read-api/providers/providers-read.controller';
import { WebController } from './read-api/web/web.controller';
import { PatientsWriteController } from './write-api/patients/patients-write.controller';
import { ProviderLocationsWriteController } from './write-api/providers/provider-locations-write.controller';

/** The HTTP application around an opened runtime: controllers, the command bus and its handlers. */
export function createAppModule(runtime: Runtime): Type<unknown> {
  @Module({
    imports: [CqrsModule.forRoot()],
    controllers: [
      OperationsController,
      ProvidersReadController,
      PatientsReadController,
      PatientsWriteController,
      ProviderLocationsWriteController,
      WebController,
    ],
    providers: [
      { provide: Runtime, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: READ_MODEL_SQL, useValue: runtime.sql },
      ImportStatus,
      AggregateRepository,
      ...patientCommandHandlers,
      ...providerLocationCommandHandlers,
    ],
  })
  class AppModule {}

  return AppModule;
}
