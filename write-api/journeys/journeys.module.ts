import { Module } from '@nestjs/common';

import { JourneysReadController } from '../../read-api/journeys/journeys-read.controller';
import { TransportQuoteController } from '../../read-api/logistics/transport-quote.controller';
import { RidesReadController } from '../../read-api/logistics/rides-read.controller';
import { RidesWriteController } from '../logistics/rides-write.controller';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { JourneysRuntime } from './journeys-runtime';
import { JourneysWriteController } from './journeys-write.controller';

/** Care journeys and their rides: the saga (unless worker.ts runs it), the inputs, the views. */
@Module({
  imports: [SchedulingModule],
  controllers: [JourneysWriteController, JourneysReadController, RidesWriteController, RidesReadController, TransportQuoteController],
  providers: [JourneysRuntime],
})
export class JourneysModule {}
