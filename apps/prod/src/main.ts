import { join } from 'node:path';
import { synthesizeEnvironment } from '@icelog/pipeline';
import { prodConfig } from './config';

synthesizeEnvironment({
  stackName: 'icelog-prod',
  config: prodConfig,
  outdir: join(__dirname, '..', 'cdktf.out'),
});
