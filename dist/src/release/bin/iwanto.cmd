@echo off
rem iwanto for Windows: runs iwant on a Java 17 or later runtime, the one in JAVA_HOME or else the java on PATH.
rem 'iwanto start' runs the daemon with lib\iwant\daemon.options (heap and direct memory capped), then
rem %IWANT_DAEMON_JAVA_OPTS%, then the home's own daemon.options if it has one (the last of an option wins).
rem No parenthesised block expands a path or an argument: "C:\Program Files (x86)" would end it early.
setlocal EnableExtensions DisableDelayedExpansion
set "LIB=%~dp0..\lib\iwant"
if not exist "%LIB%\iwanto.jar" goto incomplete

set "JAVA=java.exe"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
if defined JAVA_HOME if not exist "%JAVA%" goto badjavahome
if not defined JAVA_HOME where java.exe >nul 2>&1 || goto nojava

rem The version: the third word of the line of 'java -version' that names it, "17.0.15" or "1.8.0_412".
set "VERSION="
for /f "tokens=3" %%v in ('call "%JAVA%" -version 2^>^&1 ^| findstr /i /c:"version"') do (
  if not defined VERSION set "VERSION=%%~v"
)
set "MAJOR="
for /f "tokens=1,2 delims=._-+" %%a in ("%VERSION%") do (
  if "%%a"=="1" (set "MAJOR=%%b") else (set "MAJOR=%%a")
)
if not defined MAJOR goto noversion
if %MAJOR% LSS 17 goto oldjava

rem The command and the home, as the program will read them: --home DIR, else %IWANT_HOME%, else %APPDATA%\.iwant.
set "COMMAND="
set "IWHOME="
call :scan %*
if not defined IWHOME set "IWHOME=%IWANT_HOME%"
if not defined IWHOME set "IWHOME=%APPDATA%\.iwant"
if "%COMMAND%"=="start" goto daemon

rem A one-shot client: a small heap and the quick compiler.
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xss512k -jar "%LIB%\iwanto.jar" %*
exit /b %ERRORLEVEL%

:daemon
if exist "%IWHOME%\daemon.options" goto daemonhome
"%JAVA%" "@%LIB%\daemon.options" %IWANT_DAEMON_JAVA_OPTS% -jar "%LIB%\iwanto.jar" %*
exit /b %ERRORLEVEL%
:daemonhome
"%JAVA%" "@%LIB%\daemon.options" %IWANT_DAEMON_JAVA_OPTS% "@%IWHOME%\daemon.options" -jar "%LIB%\iwanto.jar" %*
exit /b %ERRORLEVEL%

:scan
if "%~1"=="" goto :eof
set "ARG=%~1"
if "%ARG%"=="--home" goto scanhome
if "%ARG:~0,7%"=="--home=" set "IWHOME=%ARG:~7%"
if not "%ARG:~0,1%"=="-" if not defined COMMAND set "COMMAND=%ARG%"
shift
goto scan
:scanhome
set "IWHOME=%~2"
shift
shift
goto scan

:incomplete
echo iwanto: this install is incomplete: %LIB%\iwanto.jar is missing (install iwant again) 1>&2
exit /b 1
:badjavahome
echo iwanto: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe: point it at a Java 17 or later runtime, or unset it 1>&2
exit /b 1
:nojava
echo iwanto: iwant needs a Java 17 or later runtime, and none was found: install one, or set JAVA_HOME to it 1>&2
exit /b 1
:noversion
echo iwanto: %JAVA% does not run, or does not say its version: iwant needs a Java 17 or later runtime 1>&2
exit /b 1
:oldjava
echo iwanto: iwant needs Java 17 or later, and %JAVA% is Java %VERSION%: install a newer one and set JAVA_HOME to it 1>&2
exit /b 1
