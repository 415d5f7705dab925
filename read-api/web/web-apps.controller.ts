import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { Controller, Get, NotFoundException, Param, Res, type Type } from '@nestjs/common';
import type { Response } from 'express';

import { repositoryPath } from '../../infra/config/shared-data';
import { Public } from '../../infra/auth/route-access';

// The browser apps: the patient app at /app/, the provider portal at /portal/ and the auditor view
// at /audit/. Each is a folder of static files under web/, read once at start; a request can name
// only a file that was there, so no path reaches outside the folder. The files hold no data: every
// screen signs in and reads the API.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/** Only the product's own files: no inline script and no other origin, so injected markup cannot run. */
const APP_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface StaticFile {
  body: Buffer;
  type: string;
}

class StaticFolder {
  private readonly files = new Map<string, StaticFile>();

  constructor(folder: string) {
    const directory = repositoryPath('web', folder);
    for (const name of readdirSync(directory)) {
      const type = CONTENT_TYPES[path.extname(name)];
      if (type) this.files.set(name, { body: readFileSync(path.join(directory, name)), type });
    }
  }

  send(response: Response, name: string): void {
    const file = this.files.get(name);
    if (!file) {
      throw new NotFoundException(`there is no file named ${name} here`);
    }
    response.setHeader('Content-Type', file.type);
    response.setHeader('Content-Security-Policy', APP_POLICY);
    // The shell may be cached briefly; the service worker fetches it fresh when online.
    response.setHeader('Cache-Control', name === 'sw.js' || name === 'index.html' ? 'no-cache' : 'public, max-age=300');
    response.send(file.body);
  }
}

/** Returns a controller serving web/<folder> at /<folder>/, its index page at the folder's root. */
function staticAppController(folder: string): Type<unknown> {
  @Public()
  @Controller(folder)
  class StaticAppController {
    private readonly files = new StaticFolder(folder);

    @Get()
    index(@Res() response: Response): void {
      this.files.send(response, 'index.html');
    }

    @Get(':file')
    file(@Param('file') file: string, @Res() response: Response): void {
      this.files.send(response, file);
    }
  }

  return StaticAppController;
}

export const PatientAppController = staticAppController('app');
export const ProviderPortalController = staticAppController('portal');
export const AuditorViewController = staticAppController('audit');
