import { readFileSync } from 'node:fs';

import { Controller, Get, Header } from '@nestjs/common';

import { repositoryPath } from '../../infra/config/shared-data';
import { Public } from '../../infra/auth/route-access';

/** Serves the start page, which lists the imported facilities and patients through the read API. */
@Public()
@Controller()
export class WebController {
  private readonly page = readFileSync(repositoryPath('web', 'index.html'), 'utf8');

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
  index(): string {
    return this.page;
  }
}
