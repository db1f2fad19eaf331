/**
 * The area follow-up's public interface: the service type (the composition root and tests reach it as
 * `caps.areafollowup`). Everything else under server/src/areafollowup is internal.
 */
export type { FollowupService } from './service.ts';
