package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsupervisor.process.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
  private static String error(OptionReader.Conversion<?> conversion, String value) {
    return assertThrows(InvalidValueException.class, () -> conversion.convert(value)).getMessage();
  }

  @ParameterizedTest
  @CsvSource({"true,true", "YES,true", "On,true", "1,true", "false,false", "no,false", "OFF,false", "0,false"})
  void booleans(String text, boolean expected) throws Exception {
    assertEquals(expected, Values.bool(text));
  }

  @Test void badBoolean() {
    assertEquals("not a valid boolean value: 'maybe'", error(Values::bool, "maybe"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"10|10", "-5|-5", "+3|3", "' 7 '|7", "1_000|1000", "007|7"})
  void integers(String text, int expected) throws Exception {
    assertEquals(expected, Values.integer(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ten|not an integer: 'ten'", "1.5|not an integer: '1.5'", "''|not an integer: ''",
      "0x10|not an integer: '0x10'", "99999999999|not an integer: '99999999999'", "1__0|not an integer: '1__0'"})
  void badIntegers(String text, String message) {
    assertEquals(message, error(Values::integer, text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1024|1024", "1KB|1024", "1 KB|1024", "10kb|10240", "50MB|52428800", "1GB|1073741824", "0|0"})
  void byteSizes(String text, long expected) throws Exception {
    assertEquals(expected, Values.byteSize(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"10XB|not a byte size: '10XB'", "1.5MB|not a byte size: '1.5MB'", "1k|not a byte size: '1k'"})
  void badByteSizes(String text, String message) {
    assertEquals(message, error(Values::byteSize, text));
  }

  @ParameterizedTest
  @CsvSource({"77,63", "022,18", "0700,448", "0o17,15"})
  void octals(String text, int expected) throws Exception {
    assertEquals(expected, Values.octal(text));
  }

  @Test void badOctal() {
    assertEquals("89 can not be converted to an octal type", error(Values::octal, "89"));
  }

  @ParameterizedTest
  @CsvSource({"TERM,15", "term,15", "SIGTERM,15", "usr1,10", "RTMIN,34", "9,9", "HUP,1"})
  void signals(String text, int number) throws Exception {
    assertEquals(Signal.of(number), Values.signal(text));
  }

  @Test void badSignals() {
    assertEquals("value 'FOO' is not a valid signal name", error(Values::signal, "FOO"));
    assertEquals("value '99' is not a valid signal number", error(Values::signal, "99"));
  }

  @Test void exitcodes() throws Exception {
    assertEquals(List.of(0, 2, 255), Values.exitcodes("0, 2,255"));
    assertEquals(List.of(), Values.exitcodes(""));
    assertEquals("not a valid list of exit codes: '0,256'", error(Values::exitcodes, "0,256"));
    assertEquals("not a valid list of exit codes: '0,,1'", error(Values::exitcodes, "0,,1"));
    assertEquals("not a valid list of exit codes: '-1'", error(Values::exitcodes, "-1"));
  }

  @ParameterizedTest
  @CsvSource({"unexpected,UNEXPECTED", "UNEXPECTED,UNEXPECTED", "true,ALWAYS", "yes,ALWAYS", "false,NEVER", "0,NEVER"})
  void autorestart(String text, AutoRestart expected) throws Exception {
    assertEquals(expected, Values.autorestart(text));
  }

  @Test void badAutorestart() {
    assertEquals("invalid 'autorestart' value 'sometimes'", error(Values::autorestart, "Sometimes"));
  }

  @Test void loglevels() throws Exception {
    assertEquals(LogLevel.BLATHER, Values.loglevel("BLATHER"));
    assertEquals("bad logging level name 'loud'", error(Values::loglevel, "loud"));
  }

  @Test void names() throws Exception {
    assertEquals("web", Values.name(" web "));
    assertEquals("a[1]", Values.name("a[1]"));
    assertEquals("Invalid name: 'a b' because of character: ' '", error(Values::name, "a b"));
    assertEquals("Invalid name: 'a:b' because of character: ':'", error(Values::name, "a:b"));
    assertEquals("Invalid name: 'a/b' because of character: '/'", error(Values::name, "a/b"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"127.0.0.1:9001|127.0.0.1|9001", "*:9001||9001", ":9001||9001", "9001||9001", "LOCALHOST:80|localhost|80"})
  void inetAddresses(String text, String host, int port) throws Exception {
    assertEquals(new Values.InetAddress(host == null ? "" : host, port), Values.inetAddress(text));
  }

  @Test void badInetAddresses() {
    assertEquals("not a valid port number: 'x'", error(Values::inetAddress, "x"));
    assertEquals("not a valid port number: '70000'", error(Values::inetAddress, "host:70000"));
    assertEquals("no port number specified in 'host:'", error(Values::inetAddress, "host:"));
  }

  @Test void paths() throws Exception {
    Map<String, String> env = Map.of("HOME", "/home/u");
    Path cwd = Path.of("/");
    assertEquals("/home/u/x.log", Values.expandUser("~/x.log", env));
    assertEquals("/tmp/x.log", Values.existingDirpath("/tmp/x.log", env, cwd));
    assertEquals("x.log", Values.existingDirpath("x.log", env, cwd));
    assertEquals("tmp/x.log", Values.existingDirpath("tmp/x.log", env, cwd));
    assertEquals("The directory named as part of the path /nonexistent/x.log does not exist",
        error(v -> Values.existingDirpath(v, env, cwd), "/nonexistent/x.log"));
    assertEquals("/nonexistent is not an existing directory",
        error(v -> Values.existingDirectory(v, env, cwd), "/nonexistent"));
  }

  @Test void users() throws Exception {
    assertEquals(new UserId("root", 0, 0), Users.user("root"));
    assertEquals(new UserId("root", 0, 0), Users.user("0"));
    assertEquals("Invalid user name no_such_user_x", error(Users::user, "no_such_user_x"));
    assertEquals("Invalid user id 98765", error(Users::user, "98765"));
    assertEquals("Invalid user:group definition root:no_such_group_x", error(Users::userGroup, "root:no_such_group_x"));
  }
}
