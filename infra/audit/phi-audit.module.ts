import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { AuditController } from '../../read-api/audit/audit.controller';
import { PatientExportController } from '../../read-api/export/export.controller';
import { ErasureController } from '../../write-api/erasure/erasure.controller';
import { PhiAccessInterceptor } from './phi-access.interceptor';

/**
 * The auditor API, patient erasure and export, and the interceptor that records each allowed read
 * of a @PhiRoute route. The AccessAuditor itself is a global provider of the application module.
 */
@Module({
  controllers: [AuditController, PatientExportController, ErasureController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: PhiAccessInterceptor }],
})
export class PhiAuditModule {}
