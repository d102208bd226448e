/** Which bounded context owns a command: the fact model rules see, and how matched rows become one decision. */
package io.arbiter.decision;
