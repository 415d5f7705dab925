// Test tiers are in the file name: *.unit.test.ts need nothing but Node; *.int.test.ts need an
// engine and use the embedded default (PGlite) unless DATABASE_URL points at PostgreSQL; suites
// that only make sense on a real server say so and fail under CI=true when it is missing.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/web/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
