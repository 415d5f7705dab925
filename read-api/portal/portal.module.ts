import { Module } from '@nestjs/common';

import { PortalController } from './portal.controller';

/** The provider portal: schedule, alerts and the live stream. */
@Module({ controllers: [PortalController] })
export class PortalModule {}
