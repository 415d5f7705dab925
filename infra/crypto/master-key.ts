import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from 'pino';

import type { AppConfig } from '../config/config';
import { assertMasterKey } from './key-wrapping';

// The master key wraps every patient's data key. Production names it in OHIP_MASTER_KEY (the
// configuration rejects a production start without it). The embedded product on one machine
// generates one into its data directory, which protects a copied database but not a copied data
// directory, so it warns at every start.

// NOTE: no KMS adapter is built. A deployment that keeps the master key in a KMS must fetch it
// into OHIP_MASTER_KEY at start-up, which leaves the key in the process environment.

const KEY_FILE = 'phi-master.key';

export function resolveMasterKey(config: AppConfig, logger: Logger): Buffer {
  if (config.masterKey) {
    assertMasterKey(config.masterKey);
    return config.masterKey;
  }

  const file = path.join(config.dataDirectory, KEY_FILE);
  logger.warn(
    { file },
    'OHIP_MASTER_KEY is not set, so the PHI master key is kept in the data directory. Anyone with a copy of the directory can read the PHI; set OHIP_MASTER_KEY outside single-machine use',
  );
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    assertMasterKey(key);
    return key;
  }

  mkdirSync(config.dataDirectory, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
