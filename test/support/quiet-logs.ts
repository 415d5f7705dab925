// Tests start the product in-process; its request and projection logs would bury jest's report.
// TEST_LOG_LEVEL=info brings them back when a failure needs them.
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
