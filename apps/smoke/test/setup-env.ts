// No test may reach AWS or read the developer's AWS configuration: no IMDS, no profiles, no
// credentials from the environment. Each test passes its endpoint and static credentials explicitly.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// The SDK's notice that Node 20 support ends in 2027 is for users of the CLI, not for test logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_CONFIG_FILE = '/nonexistent/icelog-smoke-test/config';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/icelog-smoke-test/credentials';
for (const name of [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_ATHENA',
]) {
  delete process.env[name];
}
