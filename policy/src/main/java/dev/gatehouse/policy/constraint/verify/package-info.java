/** gator verify: reading Suite files, filtering tests and cases, running them, and their results. */
package dev.gatehouse.policy.constraint.verify;
