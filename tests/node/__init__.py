"""Tests of the network node (minichain.node): protocol, peers, real processes on loopback."""
