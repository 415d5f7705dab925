// The consent context's HTTP endpoints and command handlers.

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { consentCommandHandlers } from '../../commands/consent/consent-commands';
import { ConsentsReadController } from '../../read-api/consent/consents-read.controller';
import { ConsentsWriteController } from './consents-write.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ConsentsWriteController, ConsentsReadController],
  providers: [...consentCommandHandlers],
})
export class ConsentModule {}
