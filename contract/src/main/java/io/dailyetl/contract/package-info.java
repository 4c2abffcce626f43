/**
 * The contract between the services: the records requests and answers are made of (the warehouse's load and
 * delivery APIs), the field limits both ends apply, the amount rule, the ISO-8601 codec of {@code createdAt} and
 * the CSV cell rule. Plain Java with no framework, so both the warehouse and its callers depend on it.
 */
package io.dailyetl.contract;
