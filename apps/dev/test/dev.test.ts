import { describeEnvironment } from '@icelog/app-testing';
import { devConfig } from '../src/config';

describeEnvironment('icelog-dev', devConfig);
