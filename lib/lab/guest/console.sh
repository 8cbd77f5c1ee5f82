#!/bin/sh
# Keeps init happy with a respawning task that does nothing but wait.
exec sleep 100000
