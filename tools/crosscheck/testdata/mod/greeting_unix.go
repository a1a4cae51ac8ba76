//go:build unix

package main

const greeting = "hello"
