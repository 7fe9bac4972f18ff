#!/bin/sh
# A minimal event listener: announce READY, read one header line and its payload,
# write what arrived to stderr (the listener's log), answer OK, repeat.
while true; do
  printf 'READY\n'
  read -r header || exit 0
  len=$(printf '%s\n' "$header" | sed -n 's/.*len:\([0-9]*\).*/\1/p')
  payload=$(dd bs=1 count="$len" 2>/dev/null)
  printf '%s | %s\n' "$header" "$payload" >&2
  printf 'RESULT 2\nOK'
done
