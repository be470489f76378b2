@echo off
rem The TokenDesk command line (tokendesk --help): the installed app, started as the CLI.
"%~dp0TokenDesk.exe" --cli %*
