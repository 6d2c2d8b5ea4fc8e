"""passend-warehouse: DUO deliveries to the Dashboard passend onderwijs indicators."""
