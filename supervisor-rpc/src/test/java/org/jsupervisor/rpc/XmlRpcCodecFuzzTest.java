package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Mutated calls straight into the decoder: each one decodes to plain values, is refused as
 * malformed with a one-line reason, or is the too-deep fault; nothing else escapes (no stack
 * overflow, no parser exception, no error). The seed is in every failure message.
 */
class XmlRpcCodecFuzzTest {
  private static final int ITERATIONS = 5_000;
  private static final long BUDGET_NANOS = 20_000_000_000L;

  @Test
  void everyMutatedCallDecodesOrIsRefusedCleanly() {
    long seed = XmlRpcMutator.seed();
    var mutator = new XmlRpcMutator(seed);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int decoded = 0;
    int refused = 0;
    int faults = 0;
    for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++) {
      byte[] body = mutator.next();
      String where = "seed " + seed + " iteration " + i;
      try {
        MethodCall call = XmlRpcCodec.parseCall(body);
        assertFalse(call.methodName().isEmpty(), where);
        assertEquals(java.util.List.of(), XmlRpcMutator.badValues(call.params()), where);
        XmlRpcCodec.response(call.params()); // whatever decodes can be written back
        decoded++;
      } catch (XmlRpcCodec.MalformedRequest e) {
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f
            || c == 0x2028 || c == 0x2029 || c == 0x85), where + ": " + e.getMessage());
        refused++;
      } catch (Fault f) {
        assertEquals(FaultCode.INCORRECT_PARAMETERS.code(), f.code(), where);
        faults++;
      } catch (Throwable t) {
        throw new AssertionError(where + ": " + t, t);
      }
    }
    // The mutations reach every outcome, or they test less than they seem to.
    assertTrue(decoded > 0 && refused > 0 && faults > 0,
        "seed " + seed + ": decoded " + decoded + ", refused " + refused + ", faults " + faults);
  }
}
