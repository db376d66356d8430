import type { KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';

/** The JSON parsing engine Firehose offers for MetadataExtraction: jq, version 1.6 exactly. */
export const JQ_PARSING_ENGINE = 'JQ-1.6';

/**
 * The Iceberg destination's processing configuration for one MetadataExtraction processor running
 * `query` with {@link JQ_PARSING_ENGINE}.
 *
 * Parameters come in the order `MetadataExtractionQuery`, `JsonParsingEngine`: the order in which
 * Firehose returns them, so that `terraform plan` shows no perpetual diff
 * (hashicorp/terraform-provider-aws#9827).
 */
export function metadataExtractionProcessing(
  query: string,
): KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration {
  return {
    enabled: true,
    processors: [
      {
        type: 'MetadataExtraction',
        parameters: [
          { parameterName: 'MetadataExtractionQuery', parameterValue: query },
          { parameterName: 'JsonParsingEngine', parameterValue: JQ_PARSING_ENGINE },
        ],
      },
    ],
  };
}
