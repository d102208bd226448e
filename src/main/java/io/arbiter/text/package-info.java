/** What text Arbiter accepts from anyone and keeps: strict UTF-8 bytes, valid Unicode without NUL. */
package io.arbiter.text;
