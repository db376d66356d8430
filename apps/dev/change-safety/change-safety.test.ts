import { describeChangeSafety } from '@icelog/change-safety';
import { devConfig } from '../src/config';

describeChangeSafety('icelog-dev', devConfig);
