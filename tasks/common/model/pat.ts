/** A personal access token (or SSH key) as listed by the token admin API. Never holds a token value. */
export interface PatToken {
  authorizationId: string;
  displayName: string;
  /** Space-separated scope string split into scopes; `app_token` means full access. */
  scopes: string[];
  /** Organization ids; null means global (all the user's organizations). */
  targetAccounts: string[] | null;
  validFrom: Date;
  validTo: Date;
  isValid: boolean;
  isPublic: boolean;
}

export interface PatOwner {
  descriptor: string;
  displayName: string;
  principalName?: string;
  mailAddress?: string;
  /** Membership state in the organization; undefined when unknown. */
  active?: boolean;
  deletedInOrigin?: boolean;
}
