#!/usr/bin/env bash
# Gives the runner what a refresh reads: dev's Docker engine and Grafana, prod's cluster. Prints no secret.
#   dev on a self-hosted runner on the Docker host: nothing to do (DOCKER_SSH_HOST unset).
#   dev on GitHub's runner: DOCKER_SSH_HOST=user@host, DOCKER_SSH_KEY, DOCKER_SSH_KNOWN_HOSTS; the stack's
#     monitoring:dockerHost becomes ssh://$DOCKER_SSH_HOST and Grafana's port is forwarded to localhost.
#   prod: PROD_KUBECONFIG (the kubeconfig's content); Grafana is reached at its Ingress URL from the stack config.
set -euo pipefail
stack="${1:?usage: stack-access.sh <stack>}"
umask 077
case "$stack" in
  dev)
    if [ -n "${DOCKER_SSH_HOST:-}" ]; then
      mkdir -p ~/.ssh
      printf '%s\n' "$DOCKER_SSH_KEY" > ~/.ssh/id_docker_host
      printf '%s\n' "$DOCKER_SSH_KNOWN_HOSTS" >> ~/.ssh/known_hosts
      printf 'Host %s\n  IdentityFile ~/.ssh/id_docker_host\n  IdentitiesOnly yes\n' "${DOCKER_SSH_HOST#*@}" >> ~/.ssh/config
      pulumi config set monitoring:dockerHost "ssh://$DOCKER_SSH_HOST" --stack dev
      # Grafana publishes on the Docker host's 127.0.0.1:3000; the Grafana provider reaches it through the tunnel.
      ssh -f -N -o ExitOnForwardFailure=yes -L 127.0.0.1:3000:127.0.0.1:3000 "$DOCKER_SSH_HOST"
    fi
    ;;
  prod)
    if [ -n "${PROD_KUBECONFIG:-}" ]; then
      mkdir -p ~/.kube
      printf '%s\n' "$PROD_KUBECONFIG" > ~/.kube/config
    fi
    ;;
  *)
    echo "stack-access.sh: unknown stack $stack (accepted: dev, prod)" >&2
    exit 2
    ;;
esac
