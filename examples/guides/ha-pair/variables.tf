variable "name_prefix" {
  description = "Prefix of both attachments' names; -blue and -red are appended."
  type        = string
  default     = "ha-megaport-link"
}

variable "region" {
  description = "DigitalOcean region of the VPCs: nyc, sfo, fra, ams or sgp."
  type        = string
  default     = "nyc"
}

variable "bandwidth_mbps" {
  description = "Bandwidth of each attachment: 1000, 2000, 5000 or 10000. Changing it replaces both."
  type        = number
  default     = 1000
}

variable "vpc_ids" {
  description = "IDs of the DigitalOcean VPC networks both attachments connect."
  type        = set(string)
}

variable "peer_asn" {
  description = "ASN of the partner routers."
  type        = number
  default     = 64532
}

variable "bgp_auth_key" {
  description = "BGP MD5 authentication key for both sessions."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "bgp_auth_key_version" {
  description = "Raise it to send a new bgp_auth_key to both attachments."
  type        = number
  default     = 1
}
