import { describeChangeSafety } from '@icelog/change-safety';
import { prodConfig } from '../src/config';

describeChangeSafety('icelog-prod', prodConfig);
