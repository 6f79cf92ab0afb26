"""Federation: peers from configuration, federated search across them, and harvesting their catalogues."""
