#!/usr/bin/env bash
# Post the pull-request comment written by `wecom-policy comment`, or update it in place: the comment that
# starts with <!-- wecom-policy --> is found through the API and edited, so a pull request carries one
# comment however often it is pushed. GitHub (issue comments) or GitLab (merge-request notes), chosen by the
# CI's own variables; the token comes from the CI's secret store and is never printed nor put in a process's
# arguments (curl reads the header from a file descriptor).
#
#   GitHub:  GITHUB_TOKEN, GITHUB_REPOSITORY, PR (the pull request number), GITHUB_API_URL (set by Actions)
#   GitLab:  GITLAB_TOKEN (a project access token with api scope), CI_API_V4_URL, CI_PROJECT_ID,
#            CI_MERGE_REQUEST_IID (set by GitLab)
set -euo pipefail
body_file="${1:?usage: pr-comment.sh COMMENT.md}"
marker='<!-- wecom-policy -->'
body="$(jq -Rs '{body: .}' "$body_file")"

if [ -n "${GITLAB_CI:-}" ]; then
  api="${CI_API_V4_URL:?}/projects/${CI_PROJECT_ID:?}/merge_requests/${CI_MERGE_REQUEST_IID:?}/notes"
  auth="PRIVATE-TOKEN: ${GITLAB_TOKEN:?set GITLAB_TOKEN from the CI/CD variables}"
  update_method=PUT
else
  api="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?}/issues"
  auth="Authorization: Bearer ${GITHUB_TOKEN:?set GITHUB_TOKEN from the workflow token}"
  update_method=PATCH
fi

# Look for our comment, page by page (100 a page).
id=""
for page in $(seq 1 50); do
  if [ -n "${GITLAB_CI:-}" ]; then url="$api?per_page=100&page=$page"; else url="$api/${PR:?}/comments?per_page=100&page=$page"; fi
  list="$(curl -fsS -H @<(printf '%s\n' "$auth") -H 'Accept: application/json' "$url")"
  [ "$(jq 'length' <<<"$list")" -eq 0 ] && break
  id="$(jq -r --arg m "$marker" '[.[] | select(.body | startswith($m))][0].id // empty' <<<"$list")"
  [ -n "$id" ] && break
done

if [ -n "$id" ]; then
  if [ -n "${GITLAB_CI:-}" ]; then target="$api/$id"; else target="$api/comments/$id"; fi
  curl -fsS -o /dev/null -X "$update_method" -H @<(printf '%s\n' "$auth") -H 'Content-Type: application/json' -d "$body" "$target"
  echo "updated comment $id"
else
  if [ -n "${GITLAB_CI:-}" ]; then target="$api"; else target="$api/$PR/comments"; fi
  curl -fsS -o /dev/null -X POST -H @<(printf '%s\n' "$auth") -H 'Content-Type: application/json' -d "$body" "$target"
  echo "posted a new comment"
fi
