import { join } from 'node:path';
import { synthesizeEnvironment } from '@icelog/pipeline';
import { devConfig } from './config';

synthesizeEnvironment({
  stackName: 'icelog-dev',
  config: devConfig,
  outdir: join(__dirname, '..', 'cdktf.out'),
});
