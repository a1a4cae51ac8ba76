module github.com/hashicorp/terraform/internal/backend/remote-state/stub

go 1.25
