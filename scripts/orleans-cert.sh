#!/usr/bin/env bash
# scripts/orleans-cert.sh [DIR] — makes the certificate a cluster's silos and Orleans clients share for
# mutual TLS on Orleans' ports (Disque:OrleansTls:CertificatePath): DIR/orleans.pfx (default DIR: certs/
# beside docker-compose.yml, which mounts it at /certs), a self-signed RSA key with server and client
# authentication, valid for a year, with no password. Every silo and client holding this one file trusts
# the others holding it, and nobody else. For a CA of your own, give each node its own certificate and set
# Disque:OrleansTls:CaPath instead (see the README's Security section). Keep the file as secret as a password.
set -euo pipefail
dir=${1:-"$(cd "$(dirname "$0")/.." && pwd)/certs"}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=disque-orleans-cluster" \
  -addext "extendedKeyUsage=serverAuth,clientAuth" -addext "subjectAltName=DNS:localhost" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -out "$dir/orleans.pfx" -passout pass: 2>/dev/null
chmod 600 "$dir/orleans.pfx"
echo "$dir/orleans.pfx"
