module github.com/hashicorp/terraform/internal/backend/remote-state/pg

go 1.25

require github.com/hashicorp/terraform/internal/backend/remote-state/stub v0.0.0
