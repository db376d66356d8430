import { describeEnvironment } from '@icelog/app-testing';
import { prodConfig } from '../src/config';

describeEnvironment('icelog-prod', prodConfig);
