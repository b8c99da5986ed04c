export { MAX_PROFILE_CHARACTERS, ProfileError, parseProfileText, validateProfile } from './parse';
export {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  builtInProfileNamed,
  isBuiltInProfileName,
  isFirewallSetting,
  withoutFirewall,
  targetFor,
  type Profile,
} from './profile';
export { ProfileSchema, profileJsonSchema, type ProfileDocument } from './schema';
export { scopeCovers, scopeEntryProblem } from './scope';
export type { BuiltInProfileName } from '../catalog/types';
export {
  PROFILE_APPLICATIONS,
  ProfileApplicationSchema,
  changeOf,
  profileAppIdGuid,
  type ProfileApplication,
} from './applications';
