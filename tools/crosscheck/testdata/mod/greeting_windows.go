package main

// A mistake only a windows build sees.
const greeting int = "hello"
