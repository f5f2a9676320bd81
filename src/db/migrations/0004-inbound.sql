-- Inbound webhooks: replies by e-mail and SMS become feedback and responses. An SMS names its sender only by
-- phone number, so customers get one; the webhooks authenticate with a per-workspace secret, not an API key.

-- E.164 ("+14155550134"), normalised by the application, so one number is one customer.
ALTER TABLE customers ADD COLUMN phone text;
CREATE UNIQUE INDEX customers_phone ON customers (workspace_id, phone);

-- SHA-256 of the inbound secret (the secret itself is shown once, when it is created or rotated); null until
-- one is made, and then the webhooks refuse every request.
ALTER TABLE workspaces ADD COLUMN inbound_secret_hash bytea;
ALTER TABLE workspaces ADD COLUMN inbound_secret_rotated_at timestamptz;
