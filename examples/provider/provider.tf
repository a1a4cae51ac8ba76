terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

# All arguments may be left out. A token is required, but it is best taken from
# the environment: DIGITALOCEAN_TOKEN, then DIGITALOCEAN_ACCESS_TOKEN. The other
# values shown are the defaults.
provider "do" {
  # token               = var.do_token
  # api_endpoint        = "https://api.digitalocean.com" # or DIGITALOCEAN_API_URL
  # http_retry_max      = 4
  # http_retry_wait_min = 1  # seconds
  # http_retry_wait_max = 30 # seconds
}
